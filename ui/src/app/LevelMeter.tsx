// The microphone's live level, and the no-sound warning when it has been
// silent for 3 s (the shell decides; this only shows it). Live before Start
// too: the Record page meters the chosen microphone while idle.
import { meterFraction } from './format';

export interface LevelMeterProps {
  rms: number;
  peak: number;
  silent: boolean;
  /** The input's name, so the warning says which one is quiet. */
  microphone: string | null;
  /** No microphone is recorded: there is nothing to meter. */
  off?: boolean;
}

/** What to do when the input is silent, naming it. */
export const noSoundWarning = (microphone: string | null) =>
  `Afterword hears nothing from ${microphone ?? 'the microphone'} — check it isn't muted, or pick another microphone.`;

export function LevelMeter({ rms, peak, silent, microphone, off = false }: LevelMeterProps) {
  const fraction = off ? 0 : meterFraction(rms);
  return (
    <div class="level">
      <div
        class="meter"
        id="mic-meter"
        role="meter"
        aria-label={microphone ? `Microphone level: ${microphone}` : 'Microphone level'}
        aria-valuemin={0}
        aria-valuemax={1}
        aria-valuenow={fraction}
      >
        <div class="rms" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
        <div class="peak" style={{ left: `${((off ? 0 : meterFraction(peak)) * 100).toFixed(1)}%` }} />
      </div>
      {off && <p class="hint">No microphone: the clip will have no voice.</p>}
      {silent && !off && (
        <p class="warning" id="no-sound" role="alert">
          {noSoundWarning(microphone)}
        </p>
      )}
    </div>
  );
}
