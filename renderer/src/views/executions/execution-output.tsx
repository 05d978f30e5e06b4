/**
 * An execution's standard output and error: streamed live while it runs (the notification
 * router appends `execution_output` chunks to the output key), the stored result once finished.
 * Read-only text areas: scrollable, focusable and selectable without extra wiring.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { Execution } from '../../../../core/contract/entities.ts';
import { executionQueries } from '../../common/api/queries.ts';

function Stream({
  label,
  text,
  truncated,
  follow,
}: {
  label: string;
  text: string;
  truncated: boolean;
  follow: boolean;
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  // Whether the reader is at the end: then the end is followed as text arrives.
  const atEnd = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again each time the text grows
  useEffect(() => {
    const el = area.current;
    if (el && follow && atEnd.current) el.scrollTop = el.scrollHeight;
  }, [text, follow]);
  return (
    <div className="ex-stream">
      <label className="field-label" htmlFor={`ex-${label}`}>
        {label}
        {truncated && <span className="rec-muted rec-small"> (cut at the size limit)</span>}
      </label>
      <textarea
        id={`ex-${label}`}
        ref={area}
        className="input mono ex-output"
        readOnly
        value={text}
        rows={Math.min(16, Math.max(3, text.split('\n').length))}
        placeholder="(nothing)"
        spellCheck={false}
        onScroll={(e) => {
          const el = e.currentTarget;
          atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      />
    </div>
  );
}

export function ExecutionOutput({ x }: { x: Execution }) {
  const live = useQuery({ ...executionQueries.output(x.id), enabled: !x.result });
  const stdout = x.result ? x.result.stdout : (live.data?.stdout ?? '');
  const stderr = x.result ? x.result.stderr : (live.data?.stderr ?? '');
  const running = !x.result;
  return (
    <div className="ex-streams">
      {running && (
        <p className="rec-muted rec-small" role="status">
          {x.status === 'running' ? 'Streaming live while it runs.' : `Waiting to run (${x.status}).`}
        </p>
      )}
      <Stream
        label="Standard output"
        text={stdout}
        truncated={x.result?.stdout_truncated ?? false}
        follow={running}
      />
      {(stderr || !running) && (
        <Stream
          label="Standard error"
          text={stderr}
          truncated={x.result?.stderr_truncated ?? false}
          follow={running}
        />
      )}
    </div>
  );
}
