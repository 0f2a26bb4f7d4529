// Due times as people read them: on the clock of whoever owes the reply
// (their own working hours), and how far off or overdue that is from now.

/** "Wed 26 Nov, 10:00" on the clock of `timeZone` (the viewer's own when unknown). */
export function formatIn(rfc3339: string, timeZone: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  const opts: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  try {
    return d.toLocaleString('en-GB', { ...opts, timeZone });
  } catch {
    return d.toLocaleString('en-GB', opts);
  }
}

/** "in 3 h", "in 2 d", "45 min overdue" — from `now` to `due`. */
export function relativeDue(dueRfc3339: string, now: Date = new Date()): string {
  const ms = new Date(dueRfc3339).getTime() - now.getTime();
  if (Number.isNaN(ms)) return '';
  const abs = Math.abs(ms);
  const mins = Math.round(abs / 60_000);
  const text = mins < 60 ? `${mins} min` : mins < 48 * 60 ? `${Math.round(mins / 60)} h` : `${Math.round(mins / (24 * 60))} d`;
  return ms < 0 ? `${text} overdue` : `in ${text}`;
}

export const URGENCY_LABEL: Record<'urgent' | 'standard' | 'non_urgent', string> = {
  urgent: 'Urgent',
  standard: 'Standard',
  non_urgent: 'Non-urgent',
};
