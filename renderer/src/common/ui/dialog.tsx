/**
 * A modal dialog on react-aria-components: it takes focus when it opens, keeps it inside,
 * closes on Escape and returns focus to what opened it.
 */
import type { ReactNode } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { Button } from './button.tsx';

export interface ModalDialogProps {
  title: string;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  children: ReactNode;
  /** `alertdialog` for confirmations of destructive actions. */
  role?: 'dialog' | 'alertdialog';
  className?: string;
}

export function ModalDialog({ title, isOpen, onOpenChange, children, role, className }: ModalDialogProps) {
  return (
    <ModalOverlay className="modal-overlay" isOpen={isOpen} onOpenChange={onOpenChange} isDismissable>
      <Modal className={['modal', className ?? ''].join(' ')}>
        <Dialog className="dialog" role={role ?? 'dialog'}>
          <Heading slot="title" className="dialog-title">
            {title}
          </Heading>
          {children}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

export interface ConfirmDialogProps {
  title: string;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  /** What will happen, in a sentence. */
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  isPending?: boolean;
}

/** "Are you sure?" for destructive actions; the safe choice has the focus. */
export function ConfirmDialog(p: ConfirmDialogProps) {
  return (
    <ModalDialog title={p.title} isOpen={p.isOpen} onOpenChange={p.onOpenChange} role="alertdialog">
      <p>{p.message}</p>
      <div className="dialog-actions">
        <Button autoFocus onPress={() => p.onOpenChange(false)}>
          Cancel
        </Button>
        <Button variant="danger" isDisabled={p.isPending} onPress={p.onConfirm}>
          {p.confirmLabel}
        </Button>
      </div>
    </ModalDialog>
  );
}
