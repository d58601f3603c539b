// A labelled progress bar (native <progress> so assistive technologies read its value).
interface ProgressProps {
  label: string;
  value: number;
  max: number;
  detail?: string;
}

export function Progress({ label, value, max, detail }: ProgressProps) {
  const safeMax = max > 0 ? max : 1;
  return (
    <div className="progress">
      <div className="progress__label">
        <span>{label}</span>
        {detail ? <span className="progress__detail">{detail}</span> : null}
      </div>
      <progress aria-label={label} value={Math.min(value, safeMax)} max={safeMax} />
    </div>
  );
}
