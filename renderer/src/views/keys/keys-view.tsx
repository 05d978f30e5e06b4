/**
 * Keys (`#/keys`, docs/concepts.md "Keys and secrets"): the key/value store with values masked,
 * one revealed on demand; create, edit and delete (with a confirmation).
 */
import { useState } from 'react';
import { Button } from '../../common/ui/button.tsx';
import { PageHeader } from '../../common/ui/feedback.tsx';
import { KeyForm } from './key-form.tsx';
import { KeyList } from './key-list.tsx';
import '../../common/ui/records.css';
import './keys.css';

export function KeysView() {
  const [creating, setCreating] = useState(false);
  return (
    <div className="page ky-page">
      <PageHeader
        title="Keys"
        description="Values your rules read as {{ keystore.<ref> }}. Encrypted ones are sealed with the master key and never shown unless you reveal them."
      />
      <div className="ky-toolbar">
        <Button variant="primary" onPress={() => setCreating(true)}>
          New key
        </Button>
      </div>
      <KeyList />
      {creating && <KeyForm existing={null} isOpen onOpenChange={(o) => setCreating(o)} />}
    </div>
  );
}
