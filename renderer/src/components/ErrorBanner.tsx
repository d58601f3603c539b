// A failure the user must read, announced at once (role="alert"); nothing when there is none.
export function ErrorBanner({ message }: { message: string | null | undefined }) {
  return message ? (
    <p className="banner banner--danger" role="alert">
      {message}
    </p>
  ) : null;
}
