// Small inline SVG icons; decorative (aria-hidden), the words always accompany them.
import type { ReactNode } from 'react';
import type { DocumentState } from '../../../main/contract/api';

interface IconProps {
  className?: string;
}

function Svg({ className, children }: IconProps & { children: ReactNode }) {
  return (
    <svg
      className={`icon ${className ?? ''}`}
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export function LockIcon() {
  return (
    <Svg className="icon--lock">
      <rect x="3" y="7" width="10" height="7" rx="1" fill="currentColor" />
      <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </Svg>
  );
}

export function CheckIcon() {
  return (
    <Svg>
      <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="2" />
    </Svg>
  );
}

export function CrossIcon() {
  return (
    <Svg>
      <path d="M4 4l8 8M12 4l-8 8" fill="none" stroke="currentColor" strokeWidth="2" />
    </Svg>
  );
}

export function WarnIcon() {
  return (
    <Svg>
      <path d="M8 1.5L15 14H1z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
      <path d="M8 6v4M8 11.5v1.5" stroke="currentColor" strokeWidth="1.6" />
    </Svg>
  );
}

export function ClockIcon() {
  return (
    <Svg>
      <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
    </Svg>
  );
}

export function ArrowIcon() {
  return (
    <Svg>
      <path d="M2 8h10M8 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.8" />
    </Svg>
  );
}

export function DotIcon() {
  return (
    <Svg>
      <circle cx="8" cy="8" r="4" fill="currentColor" />
    </Svg>
  );
}

export function PenIcon() {
  return (
    <Svg>
      <path d="M3 13l1-3 7-7 2 2-7 7z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
    </Svg>
  );
}

export function CopyIcon() {
  return (
    <Svg>
      <rect x="5" y="5" width="8" height="9" rx="1" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M3 11V3a1 1 0 0 1 1-1h6" fill="none" stroke="currentColor" strokeWidth="1.5" />
    </Svg>
  );
}

/** Set aside (« Ignoré »): a circle with a bar, distinct from every other state's icon. */
export function SetAsideIcon() {
  return (
    <Svg>
      <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M4.8 8h6.4" stroke="currentColor" strokeWidth="1.8" />
    </Svg>
  );
}

export type Tone = 'neutral' | 'info' | 'progress' | 'success' | 'warning' | 'danger';

export const STATE_TONE: Record<DocumentState, Tone> = {
  detected: 'neutral',
  sealed: 'neutral',
  needs_metadata: 'warning',
  ready: 'info',
  queued: 'progress',
  sending: 'progress',
  sent: 'progress',
  acknowledged: 'progress',
  accepted: 'success',
  rejected: 'danger',
  failed: 'danger',
  skipped_auto_archived: 'neutral',
  duplicate: 'neutral',
  ignored: 'neutral',
};

export function StateIcon({ state }: { state: DocumentState }) {
  switch (state) {
    case 'accepted':
      return <CheckIcon />;
    case 'rejected':
      return <CrossIcon />;
    case 'failed':
    case 'needs_metadata':
      return <WarnIcon />;
    case 'queued':
    case 'sent':
    case 'acknowledged':
      return <ClockIcon />;
    case 'sending':
    case 'ready':
      return <ArrowIcon />;
    case 'ignored':
      return <SetAsideIcon />;
    case 'duplicate':
      return <CopyIcon />;
    default:
      return <DotIcon />;
  }
}
