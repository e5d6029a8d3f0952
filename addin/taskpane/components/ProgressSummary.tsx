import { Field, ProgressBar } from '@fluentui/react-components';
import type { Progress } from '../../../shared/progress.js';
import { useI18n } from '../../i18n/i18n-context.js';

export interface ProgressSummaryProps {
  /** what is progressing, e.g. "Directory sync" or "Mail" */
  label: string;
  progress: Progress;
}

/** A labelled progress bar with "done of total · rate · ETA" as its description. */
export function ProgressSummary({ label, progress }: ProgressSummaryProps) {
  const { t, format } = useI18n();
  const { done, total, rate, etaSeconds } = progress;
  const known = total !== null && total > 0;
  const parts = [
    t.progressValue(format.number(done), total === null ? null : format.number(total)),
    t.rate(format.number(rate)),
    ...(etaSeconds === null ? [] : [t.eta(format.duration(etaSeconds))]),
  ];
  return (
    <Field label={t.progressLabel(label)} hint={parts.join(' · ')}>
      {/* why: without a total the bar is indeterminate rather than stuck at 0 */}
      <ProgressBar thickness="large" {...(known ? { value: Math.min(done, total), max: total } : {})} />
    </Field>
  );
}
