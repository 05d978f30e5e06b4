/** An on/off switch (react-aria-components `Switch`: a checkbox with role switch). */
import type { ReactNode } from 'react';
import { Switch as AriaSwitch } from 'react-aria-components';

export interface SwitchProps {
  isSelected: boolean;
  onChange: (on: boolean) => void;
  /** Visible label; when absent, `aria-label` names it. */
  children?: ReactNode;
  'aria-label'?: string;
  isDisabled?: boolean;
}

export function Switch({ children, ...rest }: SwitchProps) {
  return (
    <AriaSwitch {...rest} className="switch">
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      {children}
    </AriaSwitch>
  );
}
