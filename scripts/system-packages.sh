# Source me: the Debian/Ubuntu packages the tests use for real, and a check that installs them
# when root (apt-get) or says exactly what to install. Shared by .ci/run and `npm test`.
# Chromium (e2e) and its French locale (chromium-l10n: 24-hour time fields), gnome-keyring +
# D-Bus (keychain), xmllint (XSD), openssl (TSA, certificates), Xvfb (Electron), poppler (PDF
# checks), curl (front-door check, bench baseline), zip/unzip (evidence packages).
SCEAU_SYSTEM_PACKAGES=(chromium chromium-l10n gnome-keyring dbus dbus-x11 libsecret-1-0 libxml2-utils openssl xvfb poppler-utils curl unzip zip xauth)

# Commands standing for the packages where dpkg is absent (another distribution).
SCEAU_SYSTEM_COMMANDS=(chromium gnome-keyring-daemon dbus-run-session xmllint openssl xvfb-run pdftotext curl unzip zip xauth)

# Prints the missing packages (or commands, without dpkg), one per line.
sceau_missing_system_packages() {
  if command -v dpkg >/dev/null 2>&1; then
    local p
    for p in "${SCEAU_SYSTEM_PACKAGES[@]}"; do
      dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' || echo "$p"
    done
  else
    local c
    for c in "${SCEAU_SYSTEM_COMMANDS[@]}"; do command -v "$c" >/dev/null 2>&1 || echo "$c"; done
  fi
}

# Installs what is missing when root with apt-get; otherwise says in French what to install
# and returns 1. $1: log file for apt's output.
sceau_ensure_system_packages() {
  local log="${1:-/tmp/sceau-apt.log}" missing
  mapfile -t missing < <(sceau_missing_system_packages)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1; then
    echo "Installation des paquets système nécessaires aux tests : ${missing[*]}"
    if (DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}") >"$log" 2>&1; then
      return 0
    fi
    tail -20 "$log"
    echo "L’installation de ${missing[*]} a échoué (journal complet : $log)."
    return 1
  fi
  echo "Les tests utilisent de vrais programmes du système, et il en manque : ${missing[*]}."
  if command -v dpkg >/dev/null 2>&1; then
    echo "Installez-les, puis relancez « npm test » :"
    echo "  sudo apt-get install --no-install-recommends ${missing[*]}"
  else
    echo "Installez les paquets de votre distribution qui fournissent ces commandes, puis relancez « npm test »."
  fi
  return 1
}
