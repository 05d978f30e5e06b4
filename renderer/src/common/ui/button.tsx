/** Buttons on react-aria-components (press, focus ring, disabled handled the accessible way). */
import type { ReactNode } from 'react';
import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components';
import { type Command, shortcutLabel } from '../commands/registry.ts';

export interface ButtonProps extends Omit<AriaButtonProps, 'className' | 'children'> {
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  size?: 'normal' | 'small';
  className?: string;
  children: ReactNode;
}

export function Button({
  variant = 'secondary',
  size = 'normal',
  className,
  children,
  ...rest
}: ButtonProps) {
  return (
    <AriaButton
      {...rest}
      className={['btn', `btn-${variant}`, size === 'small' ? 'btn-small' : '', className ?? '']
        .filter(Boolean)
        .join(' ')}
    >
      {children}
    </AriaButton>
  );
}

/** A button that runs a registered command, showing its shortcut in the tooltip text. */
export function CommandButton({
  command,
  children,
  ...rest
}: Omit<ButtonProps, 'onPress' | 'children'> & { command: Command; children?: ReactNode }) {
  const hint = shortcutLabel(command);
  return (
    <Button
      {...rest}
      isDisabled={rest.isDisabled ?? !(command.enabled?.() ?? true)}
      onPress={() => command.perform()}
      aria-keyshortcuts={command.shortcut?.replace('Mod', 'Control')}
    >
      {children ?? command.label}
      {hint && <kbd className="kbd">{hint}</kbd>}
    </Button>
  );
}
