// The screen's h1; receives focus when the screen changes so screen readers announce it.
// Not on the app's first screen: there a keyboard user starts at the top of the page, where
// the « Aller au contenu principal » link is the first stop.
import { useEffect, useRef } from 'react';

let firstScreen = true;

export function PageTitle({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} — Sceau`;
    if (firstScreen) {
      firstScreen = false;
      return;
    }
    ref.current?.focus({ preventScroll: false });
  }, [children]);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-title">
      {children}
    </h1>
  );
}
