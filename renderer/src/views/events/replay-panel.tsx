/**
 * "Replay against this rule" on an event (docs/explain.md, "Replay"): the event decided again
 * against the rule as it is stored now, next to what happened when it arrived. Nothing runs
 * and nothing is stored, so it is a query: "Replay again" after editing the rule re-asks.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef } from 'react';
import { errorMessage, invoke } from '../../common/api/invoke.ts';
import { ReplayResultView } from '../../common/trace/replay-result.tsx';
import { Button } from '../../common/ui/button.tsx';
import { Loading } from '../../common/ui/feedback.tsx';

export function ReplayPanel({
  eventId,
  ruleRef,
  onClose,
}: {
  eventId: number;
  ruleRef: string;
  onClose: () => void;
}) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const q = useQuery({
    queryKey: ['replay', ruleRef, eventId] as const,
    queryFn: () => invoke('rules.replay', { ref: ruleRef, event_id: eventId }),
    staleTime: 0,
    gcTime: 0,
  });
  // The panel opens from a button in the table: the reader continues at its heading.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="rec-section ev-replay" aria-labelledby={`${id}-title`}>
      <div className="ev-replay-head">
        <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
          Replay against {ruleRef}
        </h2>
        <Button size="small" variant="ghost" onPress={() => void q.refetch()} isDisabled={q.isFetching}>
          Replay again
        </Button>
        <Button size="small" variant="ghost" onPress={onClose} aria-label="Close the replay">
          Close
        </Button>
      </div>
      <div aria-live="polite">
        {q.isPending ? (
          <Loading label="Replaying…" />
        ) : q.isError ? (
          <p className="field-error">{errorMessage(q.error)}</p>
        ) : (
          <ReplayResultView result={q.data} />
        )}
      </div>
    </section>
  );
}
