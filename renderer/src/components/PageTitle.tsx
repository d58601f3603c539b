// The screen's h1; receives focus when the screen changes so screen readers announce it.
import { useEffect, useRef } from 'react';

export function PageTitle({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} — Sceau`;
    ref.current?.focus({ preventScroll: false });
  }, [children]);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-title">
      {children}
    </h1>
  );
}
