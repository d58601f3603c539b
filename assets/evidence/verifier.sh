#!/usr/bin/env bash
# Vérification autonome d’un paquet de preuve Sceau. Le même script sert pour tous les
# paquets : il ne contient aucune donnée du paquet, il lit les fichiers et les recoupe.
# Outils utilisés : sha256sum, openssl (version 3), xmllint, et bash (version 3.2 ou plus).
#
#   bash verifier.sh              vérifie avec l’autorité d’horodatage jointe au paquet
#   bash verifier.sh --ca FICHIER vérifie avec un certificat d’autorité obtenu ailleurs
#                                 (site de l’autorité, service informatique de la mairie)
#   bash verifier.sh --a-la-date S vérifie comme à la date S (secondes depuis 1970)
set -u
LC_ALL=C
export LC_ALL

ca_externe=""
a_la_date=""
while [ $# -gt 0 ]; do
  case $1 in
    --a-la-date)
      # Vérifier comme à une autre date (secondes depuis 1970), par exemple après l’expiration.
      [ $# -ge 2 ] || { printf '%s\n' "Usage : bash verifier.sh [--ca FICHIER.pem] [--a-la-date SECONDES]"; exit 2; }
      a_la_date=$2
      shift 2
      ;;
    --ca)
      [ $# -ge 2 ] || { printf '%s\n' "Usage : bash verifier.sh [--ca FICHIER.pem]"; exit 2; }
      ca_externe=$2
      shift 2
      ;;
    --ca=*) ca_externe=${1#--ca=}; shift ;;
    -h | --help) printf '%s\n' "Usage : bash verifier.sh [--ca FICHIER.pem]"; exit 0 ;;
    *) printf 'Option inconnue : %s\nUsage : bash verifier.sh [--ca FICHIER.pem]\n' "$1"; exit 2 ;;
  esac
done
case $ca_externe in "" | /*) ;; *) ca_externe="$PWD/$ca_externe" ;; esac
case "$0" in */*) cd "${0%/*}" || exit 2 ;; esac
if [ -n "$ca_externe" ] && [ ! -r "$ca_externe" ]; then
  printf 'Certificat d’autorité introuvable : %s\n' "$ca_externe"
  exit 2
fi

echecs=0
alertes=0
ok() { printf 'OK      %s\n' "$1"; }
ko() { printf 'ÉCHEC   %s\n' "$1"; echecs=$((echecs + 1)); }
attention() { printf 'ATTENTION %s\n' "$1"; alertes=$((alertes + 1)); }
info() { printf '        %s\n' "$1"; }
# Délai maximal accepté entre la capture et le premier jeton qui la couvre.
DELAI_MAX=$((72 * 3600))
TOLERANCE=300

# Valeur d’une clé dans une entrée (JSON canonique : clés triées, sans espace).
champ() { # texte clé -> première valeur chaîne
  local v
  case $1 in *"\"$2\":\""*) v=${1#*\"$2\":\"}; printf '%s' "${v%%\"*}" ;; esac
}
champ_dernier() { # texte clé -> dernière valeur chaîne (clés de premier niveau en fin d’entrée)
  local v
  case $1 in *"\"$2\":\""*) v=${1##*\"$2\":\"}; printf '%s' "${v%%\"*}" ;; esac
}
numero() { # texte -> numéro de l’entrée (clé "seq", la dernière)
  local v=${1##*\"seq\":}
  v=${v%%[!0-9]*}
  printf '%s' "$v"
}

# Dates en secondes depuis 1970 (UTC), en arithmétique bash seulement.
jours() {
  local y=$((10#$1)) m=$((10#$2)) d=$((10#$3))
  [ "$m" -le 2 ] && y=$((y - 1))
  local era=$((y / 400)) yoe doy doe
  yoe=$((y - era * 400))
  doy=$(((153 * ((m + 9) % 12) + 2) / 5 + d - 1))
  doe=$((yoe * 365 + yoe / 4 - yoe / 100 + doy))
  printf '%s' $((era * 146097 + doe - 719468))
}
epoque_iso() { # 2024-03-13T09:00:00.123Z, +01:00 ou sans fuseau (UTC)
  local re='^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|([+-])([0-9]{2}):([0-9]{2}))?$'
  [[ $1 =~ $re ]] || return 1
  local r=("${BASH_REMATCH[@]}") e
  e=$(($(jours "${r[1]}" "${r[2]}" "${r[3]}") * 86400 + 10#${r[4]} * 3600 + 10#${r[5]} * 60 + 10#${r[6]}))
  if [ -n "${r[9]}" ]; then
    local o=$((10#${r[10]} * 3600 + 10#${r[11]} * 60))
    if [ "${r[9]}" = "+" ]; then e=$((e - o)); else e=$((e + o)); fi
  fi
  printf '%s' "$e"
}
epoque_openssl() { # Mar 13 09:00:00 2024 GMT (ou 09:00:00.123)
  local re='^([A-Z][a-z]{2}) +([0-9]{1,2}) ([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)? ([0-9]{4}) GMT$'
  [[ $1 =~ $re ]] || return 1
  local r=("${BASH_REMATCH[@]}") m
  case ${r[1]} in
    Jan) m=1 ;; Feb) m=2 ;; Mar) m=3 ;; Apr) m=4 ;; May) m=5 ;; Jun) m=6 ;;
    Jul) m=7 ;; Aug) m=8 ;; Sep) m=9 ;; Oct) m=10 ;; Nov) m=11 ;; Dec) m=12 ;; *) return 1 ;;
  esac
  printf '%s' $(($(jours "${r[7]}" "$m" "${r[2]}") * 86400 + 10#${r[3]} * 3600 + 10#${r[4]} * 60 + 10#${r[5]}))
}
xpath() { xmllint --nonet --xpath "$1" "$2" 2>/dev/null; }

printf '%s\n' "Vérification du paquet de preuve Sceau"
printf '%s\n\n' "======================================"

# 0. Rien que des fichiers et des dossiers -------------------------------------------------
# Un lien (hors du paquet, vers /dev/zero) ou un tube ferait lire autre chose que le paquet, ou
# attendre sans fin : le paquet est refusé avant toute lecture.
speciaux=""
shopt -s dotglob
for f in * */* */*/* */*/*/*; do
  [ -e "$f" ] || [ -L "$f" ] || continue
  if [ -L "$f" ] || { [ ! -f "$f" ] && [ ! -d "$f" ]; }; then speciaux="$speciaux $f"; fi
done
shopt -u dotglob
if [ -n "$speciaux" ]; then
  ko "le paquet contient des liens ou des fichiers spéciaux, qui ne sont pas lus :$speciaux"
  printf '\n%s\n' "Bilan : $echecs vérification(s) en échec. Ce paquet ne prouve pas ce qu’il annonce."
  exit 1
fi

# 1. Le document ---------------------------------------------------------------------------
# Chaque empreinte est recalculée ici : `sha256sum -c` saute sans échec une ligne qu’il juge mal
# formée (une tabulation), si bien qu’un fichier ainsi listé n’était jamais contrôlé.
fichier_du_paquet() { [ -f "$1" ] && [ ! -L "$1" ]; } # fichier ordinaire, pas un lien
empreinte_de() { # fichier -> SHA-256 de son contenu (lu sur l’entrée standard)
  local e
  e=$(sha256sum <"$1" 2>/dev/null) || return 1
  printf '%s' "${e%% *}"
}
empreinte=""
document=""
taille=""
ligne_empreinte=""
[ -r empreinte.sha256 ] && fichier_du_paquet empreinte.sha256 && ligne_empreinte=$(<empreinte.sha256)
re_empreinte=$'^([0-9a-f]{64})  (document/[^/\n]+)$'
if [[ $ligne_empreinte =~ $re_empreinte ]]; then
  empreinte=${BASH_REMATCH[1]}
  document=${BASH_REMATCH[2]}
fi
if [ -n "$document" ] && fichier_du_paquet "$document" && [ "$(empreinte_de "$document")" = "$empreinte" ]; then
  ok "document intact : ${document#document/} (SHA-256 $empreinte)"
  b64=$(openssl base64 -A -in "$document" 2>/dev/null)
  taille=$((${#b64} / 4 * 3))
  case $b64 in *==) taille=$((taille - 2)) ;; *=) taille=$((taille - 1)) ;; esac
  unset b64
else
  ko "le document ne correspond pas à son empreinte (empreinte.sha256)"
  empreinte=""
fi
autres=0
# Les fichiers visibles : ceux que le système ajoute en ouvrant le dossier (.DS_Store du Finder,
# Thumbs.db, desktop.ini) ne sont pas un autre document.
for f in document/*; do
  [ -e "$f" ] || [ -L "$f" ] || continue
  case ${f#document/} in Thumbs.db | desktop.ini) continue ;; esac
  [ "$f" = "$document" ] || autres=$((autres + 1))
done
[ "$autres" = 0 ] || ko "le dossier document/ contient d’autres fichiers que le document vérifié ($autres)"

# 2. Le journal ----------------------------------------------------------------------------
# Chaque ligne de chaine.sha256 : 64 chiffres hexadécimaux, deux espaces, entrees/NOM ; l’entrée
# est un fichier ordinaire dont l’empreinte, recalculée ici, est celle de la ligne.
re_chaine='^([0-9a-f]{64})  (entrees/[^/]+)$'
modifiees=""
lignes_chaine=0
if [ -r journal/chaine.sha256 ] && fichier_du_paquet journal/chaine.sha256; then
  while IFS= read -r ligne || [ -n "$ligne" ]; do
    lignes_chaine=$((lignes_chaine + 1))
    if [[ $ligne =~ $re_chaine ]] && fichier_du_paquet "journal/${BASH_REMATCH[2]}" &&
      [ "$(empreinte_de "journal/${BASH_REMATCH[2]}")" = "${BASH_REMATCH[1]}" ]; then
      continue
    fi
    modifiees="$modifiees $lignes_chaine"
  done <journal/chaine.sha256
fi
if [ "$lignes_chaine" -gt 0 ] && [ -z "$modifiees" ]; then
  ok "chaque entrée du journal correspond à son empreinte"
else
  ko "une entrée du journal a été modifiée (journal/chaine.sha256, ligne(s)${modifiees:- : aucune entrée})"
fi
# journal/extrait.jsonl : les mêmes entrées, lisibles, avec leur empreinte. Ce que l’auditeur y lit
# doit être ce qui est vérifié : chaque ligne = l’entrée, « "hash":… » inséré avant « prevHash ».
if [ -e journal/extrait.jsonl ] || [ -L journal/extrait.jsonl ]; then
  ext_ecart=""
  i=0
  if fichier_du_paquet journal/extrait.jsonl; then
    exec 3<journal/extrait.jsonl
    while read -r hash fichier; do
      i=$((i + 1))
      attendu=""
      if fichier_du_paquet "journal/$fichier"; then
        contenu=$(<"journal/$fichier")
        case $contenu in *',"prevHash":'*)
          attendu="${contenu%,\"prevHash\":*},\"hash\":\"$hash\",\"prevHash\":${contenu##*,\"prevHash\":}" ;;
        esac
      fi
      IFS= read -r -u 3 ext || ext=""
      if [ -z "$attendu" ] || [ "$ext" != "$attendu" ]; then
        ext_ecart=$i
        break
      fi
    done <journal/chaine.sha256
    if [ -z "$ext_ecart" ] && IFS= read -r -u 3 ext; then ext_ecart=$((i + 1)); fi
    exec 3<&-
  else
    ext_ecart=1
  fi
  [ -z "$ext_ecart" ] || ko "journal/extrait.jsonl ne reproduit pas les entrées vérifiées (ligne $ext_ecart) : fiez-vous à journal/entrees/"
fi
premier=""
dernier=""
capture=""
capture_at=""
liens=1
precedent=""
h=()
while read -r hash fichier; do
  [ -r "journal/$fichier" ] || { ko "entrée absente : journal/$fichier"; liens=0; continue; }
  contenu=$(<"journal/$fichier")
  n=$(numero "$contenu")
  if ! [[ $n =~ ^[1-9][0-9]{0,11}$ ]]; then
    ko "numéro illisible dans l’entrée journal/$fichier"
    liens=0
    continue
  fi
  lien=$(champ_dernier "$contenu" prevHash)
  if [ -z "$premier" ]; then
    premier=$n
    # La première entrée n’est liée à rien de connu, sauf au début du journal.
    if [ "$n" = 1 ] && [ "$lien" != "0000000000000000000000000000000000000000000000000000000000000000" ]; then
      ko "chaîne rompue à l’entrée 1"
      liens=0
    fi
  else
    if [ "$n" != $((dernier + 1)) ] || [ "$lien" != "$precedent" ]; then
      ko "chaîne rompue à l’entrée $n (elle ne désigne pas l’entrée $dernier)"
      liens=0
    fi
  fi
  h[n]=$hash
  if [ -z "$capture" ] && [ -n "$empreinte" ]; then
    case $contenu in *"\"hex\":\"$empreinte\""*"\"to\":\"sealed\""*)
      capture=$n
      capture_at=$(champ "$contenu" at)
      ;;
    esac
  fi
  precedent=$hash
  dernier=$n
done <journal/chaine.sha256
if [ "$liens" = 1 ] && [ -n "$premier" ]; then ok "la chaîne du journal est continue (entrées $premier à $dernier)"; fi
if [ -n "$capture" ]; then
  ok "l’empreinte du document figure dans le journal : entrée de scellement $capture ($capture_at)"
else
  ko "aucune entrée de scellement du journal ne porte l’empreinte du document"
fi

# Vérifie un jeton : données, jeton, autorité, signataire, [date en secondes depuis 1970].
verifie() {
  if [ -n "${5-}" ]; then
    openssl ts -verify -data "$1" -in "$2" -token_in -CAfile "$3" -untrusted "$4" -partial_chain -attime "$5" >/dev/null 2>&1
  else
    openssl ts -verify -data "$1" -in "$2" -token_in -CAfile "$3" -untrusted "$4" -partial_chain >/dev/null 2>&1
  fi
}
# Chaîne de renouvellements d’un jeton (certificat de l’autorité expiré) : le plus récent est
# vérifié aujourd’hui, chaque élément plus ancien à la date de celui qui l’a renouvelé.
renouvele() { # numéro autorité-du-jeton
  local s=$1 k=1 i date_i epoque_i donnees element ca_i texte
  while [ -e "horodatage/renouvellement-$s-$k.tsr" ]; do k=$((k + 1)); done
  renouvellements=$((k - 1))
  [ "$renouvellements" -ge 1 ] || return 1
  element_de() { if [ "$1" = 0 ]; then printf '%s' "horodatage/jeton-$s.tsr"; else printf '%s' "horodatage/renouvellement-$s-$1.tsr"; fi; }
  ca_de() {
    if [ -n "$ca_externe" ]; then printf '%s' "$ca_externe"
    elif [ "$1" = 0 ]; then printf '%s' "$2"
    else printf '%s' "horodatage/renouvellement-$s-$1-autorite.pem"; fi
  }
  signataire_de() { if [ "$1" = 0 ]; then printf '%s' "horodatage/signataire-$s.pem"; else printf '%s' "horodatage/renouvellement-$s-$1-signataire.pem"; fi; }
  donnees_de() { if [ "$1" = 0 ]; then printf '%s' "horodatage/tete-journal-$s.txt"; else element_de $(($1 - 1)); fi; }
  # Le plus récent, aujourd’hui.
  i=$renouvellements
  verifie "$(donnees_de "$i")" "$(element_de "$i")" "$(ca_de "$i" "$2")" "$(signataire_de "$i")" "$a_la_date" || return 1
  # Chaque élément plus ancien, à la date du renouvellement qui le couvre.
  while [ "$i" -ge 1 ]; do
    texte=$(openssl ts -reply -in "$(element_de "$i")" -token_in -token_out -text 2>/dev/null)
    date_i=${texte#*Time stamp: }
    date_i=${date_i%%$'\n'*}
    epoque_i=$(epoque_openssl "$date_i") || return 1
    element=$((i - 1))
    verifie "$(donnees_de "$element")" "$(element_de "$element")" "$(ca_de "$element" "$2")" "$(signataire_de "$element")" "$epoque_i" || return 1
    info "élément $element de la chaîne valide à la date du renouvellement $i ($date_i)"
    i=$element
  done
  return 0
}

# 3. Les jetons d’horodatage ---------------------------------------------------------------
couvert=0
jeton_capture=""
jeton_capture_epoque=""
jetons=0
empreintes_ca=""
for jeton in horodatage/jeton-*.tsr; do
  [ -e "$jeton" ] || continue
  jetons=$((jetons + 1))
  s=${jeton#horodatage/jeton-}
  s=${s%.tsr}
  # Un nom de fichier est une donnée : jamais évalué avant d’être reconnu comme un numéro.
  if ! [[ $s =~ ^[0-9]{1,12}$ ]] || ! fichier_du_paquet "$jeton"; then
    ko "fichier inattendu dans horodatage/ : ${jeton#horodatage/}"
    continue
  fi
  n=$((10#$s))
  ca=horodatage/autorite-$s.pem
  [ -r "$ca" ] || ca=horodatage/autorite.pem
  [ -n "$ca_externe" ] && ca=$ca_externe
  tete=""
  [ -r "horodatage/tete-journal-$s.txt" ] && tete=$(<"horodatage/tete-journal-$s.txt")
  if [ -z "${h[n]-}" ]; then
    ko "le jeton $s horodate l’entrée $n, absente de l’extrait du journal"
    continue
  fi
  if [ "$tete" != "${h[n]}" ]; then
    ko "le texte horodaté par le jeton $s n’est pas l’empreinte de l’entrée $n"
    continue
  fi
  if verifie "horodatage/tete-journal-$s.txt" "$jeton" "$ca" "horodatage/signataire-$s.pem" "$a_la_date"; then
    :
  elif renouvele "$s" "$ca"; then
    ok "jeton de l’entrée $n valide à la date de son renouvellement (chaîne de $renouvellements renouvellement(s) vérifiée)"
    # Les autorités des renouvellements sont jointes au paquet : leurs empreintes aussi sont à comparer.
    if [ -z "$ca_externe" ]; then
      for r in horodatage/renouvellement-"$s"-*-autorite.pem; do
        [ -e "$r" ] || continue
        e=$(openssl x509 -in "$r" -noout -fingerprint -sha256 2>/dev/null)
        e=${e#*=}
        case $empreintes_ca in *"$e"*) ;; *) empreintes_ca="$empreintes_ca $e" ;; esac
      done
    fi
  else
    ko "jeton d’horodatage de l’entrée $n invalide (signature, autorité ou donnée horodatée)"
    continue
  fi
  texte=$(openssl ts -reply -in "$jeton" -token_in -token_out -text 2>/dev/null)
  date=${texte#*Time stamp: }
  date=${date%%$'\n'*}
  autorite=${texte#*TSA: }
  autorite=${autorite%%$'\n'*}
  [ "$autorite" = "$texte" ] && autorite="(non indiquée)"
  epoque=$(epoque_openssl "$date") || epoque=""
  ok "jeton d’horodatage valide pour l’entrée $n ($date)"
  info "autorité : $autorite"
  empreinte_ca=$(openssl x509 -in "$ca" -noout -fingerprint -sha256 2>/dev/null)
  empreinte_ca=${empreinte_ca#*=}
  case $empreintes_ca in *"$empreinte_ca"*) ;; *) empreintes_ca="$empreintes_ca $empreinte_ca" ;; esac
  [ "$n" -gt "$couvert" ] && couvert=$n
  if [ -n "$capture" ] && [ "$n" -ge "$capture" ]; then
    if [ -z "$jeton_capture" ] || [ "$n" -lt "$jeton_capture" ]; then
      jeton_capture=$n
      jeton_capture_epoque=$epoque
    fi
  fi
done
if [ "$jetons" = 0 ]; then
  ko "aucun jeton d’horodatage : ce paquet est « non horodaté », il ne prouve ni la date de capture ni l’intégrité du journal"
elif [ "$couvert" = 0 ]; then
  ko "aucun jeton d’horodatage valide"
fi
if [ -n "$capture" ] && [ "$couvert" != 0 ]; then
  if [ -n "$jeton_capture" ]; then
    ok "l’entrée de scellement $capture est couverte par le jeton de l’entrée $jeton_capture"
    capture_epoque=$(epoque_iso "$capture_at") || capture_epoque=""
    if [ -z "$capture_epoque" ] || [ -z "$jeton_capture_epoque" ]; then
      ko "date de capture ou date du jeton illisible"
    elif [ $((jeton_capture_epoque + TOLERANCE)) -lt "$capture_epoque" ]; then
      # Le jeton couvre l’entrée par son empreinte : elle existait à la date du jeton. Une date
      # de capture plus tardive vient de l’horloge du poste (en avance), pas d’une falsification.
      attention "la date de capture inscrite au journal est postérieure de $(((capture_epoque - jeton_capture_epoque + 30) / 60)) min au jeton qui la couvre : l’horloge de l’ordinateur avançait. La date prouvée est celle du jeton."
      capture_epoque=$jeton_capture_epoque
    elif [ $((jeton_capture_epoque - capture_epoque)) -gt "$DELAI_MAX" ]; then
      ko "le jeton qui couvre la capture a été obtenu $(((jeton_capture_epoque - capture_epoque) / 3600)) h après la date de capture inscrite au journal (72 h au plus) : cette date n’est pas prouvée"
    else
      ok "le jeton a été obtenu $((jeton_capture_epoque - capture_epoque)) s après la capture"
    fi
  else
    ko "l’entrée de scellement $capture est postérieure au dernier état horodaté (entrée $couvert) : rien ne prouve qu’elle existait"
  fi
fi

# 4. Les messages échangés avec l’archive --------------------------------------------------
schema=""
for x in schemas/seda-*-main.xsd; do [ -e "$x" ] && schema=$x; done
identifiant=""
# Identifiants, codes et dates sont des jetons XSD : les espaces autour sont permis, et Sceau les
# ignore en rapprochant une réponse de son transfert (normalize-space).
if [ -r seda/bordereau.xml ]; then
  identifiant=$(xpath "normalize-space(/*/*[local-name()='MessageIdentifier'])" seda/bordereau.xml)
fi
# Dernière consignation au journal d’un message SEDA : empreinte, référence, numéro d’entrée.
consigne() { # message -> variables c_sha c_ref c_code c_n
  c_sha=""
  c_ref=""
  c_code=""
  c_n=""
  local hash fichier contenu
  while read -r hash fichier; do
    contenu=$(<"journal/$fichier") || continue
    case $contenu in *"\"message\":\"$1\",\"messageIdentifier\":\"$identifiant\""*"\"type\":\"transfer.message\""*)
      c_sha=$(champ "$contenu" sha256)
      c_ref=$(champ "$contenu" archiveReference)
      c_code=$(champ "$contenu" replyCode)
      c_n=$(numero "$contenu")
      ;;
    esac
  done <journal/chaine.sha256
}
controle_message() { # fichier message libellé
  local calc
  consigne "$2"
  calc=$(sha256sum "$1")
  calc=${calc%% *}
  if [ -z "$c_sha" ]; then
    ko "$3 : son empreinte n’est pas consignée dans l’extrait du journal"
  elif [ "$c_sha" != "$calc" ]; then
    ko "$3 : ce n’est pas le message consigné au journal (entrée $c_n)"
  elif [ "$c_n" -gt "$couvert" ]; then
    ko "$3 : consigné à l’entrée $c_n, que n’atteint aucun jeton d’horodatage"
  else
    ok "$3 : empreinte consignée à l’entrée $c_n du journal"
  fi
}
valide_xsd() { # fichier libellé
  if [ -n "$schema" ] && XML_CATALOG_FILES=schemas/catalog.xml xmllint --nonet --noout --schema "$schema" "$1" >/dev/null 2>&1; then
    v=${schema#schemas/seda-}
    ok "$2 conforme au schéma SEDA ${v%-main.xsd}"
  else
    ko "$2 non conforme au schéma SEDA"
  fi
}

if [ ! -r seda/bordereau.xml ]; then
  ko "bordereau de versement absent (seda/bordereau.xml)"
else
  valide_xsd seda/bordereau.xml "bordereau de versement"
  controle_message seda/bordereau.xml bordereau "bordereau de versement $identifiant"
  if [ -n "$empreinte" ]; then
    objet="//*[local-name()='BinaryDataObject'][normalize-space(*[local-name()='MessageDigest'])='$empreinte']"
    algo=$(xpath "string($objet/*[local-name()='MessageDigest']/@algorithm)" seda/bordereau.xml)
    declaree=$(xpath "string($objet/*[local-name()='Size'])" seda/bordereau.xml)
    if [ -z "$declaree" ]; then
      ko "le bordereau ne décrit pas ce document (empreinte SHA-256 absente du bordereau)"
    elif [ "$declaree" != "$taille" ]; then
      ko "le bordereau déclare $declaree octets pour ce document, qui en fait $taille"
    else
      case $algo in *sha256* | *SHA-256* | *SHA256*)
        ok "le bordereau décrit ce document : même empreinte SHA-256 et même taille ($taille octets)" ;;
      *) ko "le bordereau n’annonce pas une empreinte SHA-256 ($algo)" ;;
      esac
    fi
  fi
fi

# Le point de contrôle horodaté envoyé à l’archive avec ce versement (copie hors du poste).
if [ -r seda/bordereau.xml ]; then
  cp_objet="//*[local-name()='BinaryDataObject'][*[local-name()='FileInfo']/*[local-name()='Filename']='sceau-point-de-controle.json']"
  cp_empreinte=$(xpath "normalize-space($cp_objet/*[local-name()='MessageDigest'])" seda/bordereau.xml)
  if [ -n "$cp_empreinte" ] && [ ! -r seda/point-de-controle.json ]; then
    ko "le point de contrôle horodaté envoyé à l’archive avec ce versement est absent du paquet (seda/point-de-controle.json)"
  elif [ -n "$cp_empreinte" ]; then
    calc=$(sha256sum seda/point-de-controle.json)
    calc=${calc%% *}
    pc=$(<seda/point-de-controle.json)
    pc_n=${pc#*\"journalSeq\": }
    pc_n=${pc_n%%[!0-9]*}
    pc_h=${pc#*\"journalHeadHash\": \"}
    pc_h=${pc_h%%\"*}
    pc_d=${pc#*\"genTime\": \"}
    pc_d=${pc_d%%\"*}
    if [ "$calc" != "$cp_empreinte" ]; then
      ko "le point de contrôle joint n’est pas celui que décrit le bordereau"
    elif [ -n "$pc_n" ] && [ -n "${h[pc_n]-}" ] && [ "${h[pc_n]}" != "$pc_h" ]; then
      ko "l’entrée $pc_n du journal diffère du point de contrôle envoyé à l’archive (horodaté le $pc_d)"
    else
      ok "point de contrôle envoyé à l’archive : entrée $pc_n du journal, horodatée le $pc_d"
      info "l’archive en conserve une copie : demandez-la avec la cote pour la comparer"
    fi
  fi
fi

if [ -r seda/accuse-reception.xml ]; then
  valide_xsd seda/accuse-reception.xml "accusé de réception"
  controle_message seda/accuse-reception.xml accuse-reception "accusé de réception"
  recu=$(xpath "normalize-space(/*/*[local-name()='MessageReceivedIdentifier'])" seda/accuse-reception.xml)
  if [ "$recu" != "$identifiant" ]; then ko "l’accusé de réception répond à « $recu », pas au bordereau $identifiant"; fi
fi

if [ -r seda/reponse-transfert.xml ]; then
  valide_xsd seda/reponse-transfert.xml "réponse au transfert"
  controle_message seda/reponse-transfert.xml reponse-transfert "réponse au transfert"
  demande=$(xpath "normalize-space(/*/*[local-name()='MessageRequestIdentifier'])" seda/reponse-transfert.xml)
  propre=$(xpath "normalize-space(/*/*[local-name()='MessageIdentifier'])" seda/reponse-transfert.xml)
  code=$(xpath "normalize-space(/*/*[local-name()='ReplyCode'])" seda/reponse-transfert.xml)
  date_reponse=$(xpath "normalize-space(/*/*[local-name()='Date'])" seda/reponse-transfert.xml)
  # Norme SEDA (Vitam) : MessageRequestIdentifier = notre identifiant ; as@lae inverse les deux.
  if [ -z "$identifiant" ] || { [ "$demande" != "$identifiant" ] && [ "$propre" != "$identifiant" ]; }; then
    ko "la réponse au transfert ne désigne pas le bordereau $identifiant (MessageIdentifier « $propre », MessageRequestIdentifier « $demande »)"
  else
    ok "la réponse au transfert répond au bordereau $identifiant (code $code)"
  fi
  if [ -n "$c_code" ] && [ "$c_code" != "$code" ]; then ko "le code de réponse $code diffère de celui consigné au journal ($c_code)"; fi
  if [ -n "$c_ref" ]; then
    case $c_ref in *"'"*) trouve=0 ;; *)
      trouve=$(xpath "count(//*[local-name()='ArchivalAgencyArchiveUnitIdentifier' or local-name()='SystemId'][normalize-space()='$c_ref'])" seda/reponse-transfert.xml) ;;
    esac
    if [ "${trouve:-0}" = 0 ]; then
      ko "la réponse ne porte pas la cote consignée au journal ($c_ref)"
    else
      ok "la réponse porte la cote consignée au journal : $c_ref"
    fi
  fi
  if [ -n "${capture_epoque-}" ]; then
    reponse_epoque=$(epoque_iso "$date_reponse") || reponse_epoque=""
    if [ -n "$reponse_epoque" ] && [ $((reponse_epoque + TOLERANCE)) -lt "$capture_epoque" ]; then
      ko "la réponse de l’archive ($date_reponse) est antérieure à la capture du document"
    fi
  fi
else
  attention "pas de réponse au transfert dans ce paquet : l’acceptation par l’archive n’est pas établie"
fi

# 5. L’autorité d’horodatage : la confiance vient d’ailleurs que du paquet ------------------
printf '\n'
if [ -n "$ca_externe" ]; then
  info "Autorité d’horodatage vérifiée avec le certificat fourni : $ca_externe"
else
  info "Les jetons ont été vérifiés avec le certificat d’autorité joint au paquet. Quiconque"
  info "refait un paquet peut y joindre le sien : comparez l’empreinte ci-dessous avec celle"
  info "publiée par l’autorité d’horodatage (ou communiquée par le service informatique de la"
  info "mairie), ou relancez avec : bash verifier.sh --ca certificat-obtenu-ailleurs.pem"
fi
for e in $empreintes_ca; do info "Empreinte SHA-256 du certificat de l’autorité : $e"; done

printf '\n'
if [ "$echecs" = 0 ]; then
  if [ "$alertes" = 0 ]; then
    printf '%s\n' "Bilan : toutes les vérifications ont réussi."
  else
    printf '%s\n' "Bilan : toutes les vérifications ont réussi ($alertes point(s) d’attention)."
  fi
  printf '%s\n' "Ce que cela prouve : ce document est celui scellé à l’entrée $capture du journal, qui"
  printf '%s\n' "existait au plus tard à la date du jeton, et le bordereau et les réponses joints sont"
  printf '%s\n' "ceux que Sceau a consignés. Ce que cela ne prouve pas : l’auteur ni la validité juridique"
  printf '%s\n' "de l’acte, ni que l’archive le conserve encore (interrogez-la avec la cote)."
  exit 0
fi
printf '%s\n' "Bilan : $echecs vérification(s) en échec. Ce paquet ne prouve pas ce qu’il annonce."
exit 1
