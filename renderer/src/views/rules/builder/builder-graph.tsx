/**
 * The rule as a graph (@xyflow/react): each step is a node holding one button that opens its
 * form; a step with errors is marked invalid and says how many, linked by aria-describedby.
 * The graph is a picture of the rule, not an editor: nothing drags, connects or zooms.
 */
import { Background, type Edge, Handle, type Node, type NodeProps, Position, ReactFlow } from '@xyflow/react';
import { useMemo } from 'react';
import { useTheme } from '../../../common/theme/theme.ts';
import { layoutSteps, type Step, type StepId } from '../../../domain/builder-graph.ts';

type StepNode = Node<Step & { selected: boolean; onOpen: (id: StepId) => void }, 'step'>;

function StepNodeView({ data }: NodeProps<StepNode>) {
  const errId = `step-${data.id}-problems`;
  return (
    <>
      {data.id !== 'trigger' && <Handle type="target" position={Position.Left} isConnectable={false} />}
      <button
        type="button"
        className={`step-node step-${data.id}${data.selected ? ' step-selected' : ''}`}
        aria-pressed={data.selected}
        aria-invalid={data.problems > 0 ? true : undefined}
        aria-describedby={data.problems > 0 ? errId : undefined}
        onClick={() => data.onOpen(data.id)}
      >
        <span className="step-kind">{data.kind}</span>
        <span className="step-title">{data.title}</span>
        <span className="step-summary">{data.summary}</span>
        {data.problems > 0 && (
          <span id={errId} className="step-problems">
            {data.problems === 1 ? '1 problem' : `${data.problems} problems`}
          </span>
        )}
      </button>
      {data.id !== 'action' && <Handle type="source" position={Position.Right} isConnectable={false} />}
    </>
  );
}

const NODE_TYPES = { step: StepNodeView };

export interface BuilderGraphProps {
  steps: readonly Step[];
  selected: StepId | null;
  onOpen: (id: StepId) => void;
}

export function BuilderGraph({ steps, selected, onOpen }: BuilderGraphProps) {
  const { theme } = useTheme();
  const { nodes, edges } = useMemo(() => {
    const g = layoutSteps(steps);
    return {
      nodes: g.nodes.map(
        (n): StepNode => ({
          ...n,
          data: { ...n.data, selected: n.id === selected, onOpen },
          draggable: false,
          selectable: false,
          focusable: false,
          connectable: false,
        }),
      ),
      edges: g.edges.map(
        (e): Edge => ({
          id: e.id,
          source: e.source,
          target: e.target,
          ariaLabel: e.ariaLabel,
          focusable: false,
          selectable: false,
          animated: false,
        }),
      ),
    };
  }, [steps, selected, onOpen]);
  return (
    <fieldset className="graph">
      <legend className="visually-hidden">The rule as a graph: trigger, then conditions, then action</legend>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        colorMode={theme}
        fitView
        fitViewOptions={{ padding: 0.08 }}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        elementsSelectable={false}
        panOnDrag={false}
        panOnScroll={false}
        zoomOnScroll={false}
        zoomOnPinch={false}
        zoomOnDoubleClick={false}
        preventScrolling={false}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        disableKeyboardA11y
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={18} size={1} />
      </ReactFlow>
    </fieldset>
  );
}
