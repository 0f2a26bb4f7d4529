// The microphone's live level, and the no-sound warning when it has been
// silent for 3 s (the recorder decides; this only shows it).
import { meterFraction } from './format';

export interface LevelMeterProps {
  rms: number;
  peak: number;
  silent: boolean;
  active: boolean;
}

export function LevelMeter({ rms, peak, silent, active }: LevelMeterProps) {
  return (
    <div class="level">
      <div class="meter" role="meter" aria-label="Microphone level" aria-valuemin={0} aria-valuemax={1} aria-valuenow={meterFraction(rms)}>
        <div class="rms" style={{ width: `${(meterFraction(rms) * 100).toFixed(1)}%` }} />
        <div class="peak" style={{ left: `${(meterFraction(peak) * 100).toFixed(1)}%` }} />
      </div>
      {!active && <p class="hint">The level shows once the countdown starts.</p>}
      {silent && (
        <p class="warning" role="alert">
          No sound from the microphone: check that it is not muted and the right input is selected.
        </p>
      )}
    </div>
  );
}
