/** The manual theme switch: System, Light or Dark (a radio group, kept in localStorage). */
import { Radio, RadioGroup } from 'react-aria-components';
import { setThemePreference, type ThemePreference, useTheme } from './theme.ts';

const CHOICES: Array<{ value: ThemePreference; label: string }> = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function ThemeMenu({ label = 'Theme' }: { label?: string }) {
  const { preference } = useTheme();
  return (
    <RadioGroup
      className="segmented"
      value={preference}
      onChange={(v) => setThemePreference(v as ThemePreference)}
      orientation="horizontal"
      aria-label={label}
    >
      {CHOICES.map((c) => (
        <Radio key={c.value} value={c.value} className="segment">
          {c.label}
        </Radio>
      ))}
    </RadioGroup>
  );
}
