/** Enable / disable and restart buttons of one pack sensor (built-in sensors have none). */
import type { Sensor } from '../../../../core/contract/sensors.ts';
import { Button } from '../../common/ui/button.tsx';
import { ErrorBanner } from '../../common/ui/feedback.tsx';
import { isBuiltinSensor } from '../../domain/sensor-state.ts';
import { useSensorAction } from './mutations.ts';

export function SensorActions({ sensor, size = 'normal' }: { sensor: Sensor; size?: 'normal' | 'small' }) {
  const act = useSensorAction();
  if (isBuiltinSensor(sensor)) return <span className="rec-muted rec-small">runs with the engine</span>;
  const ref = sensor.ref;
  return (
    <div className="sn-actions">
      <Button
        size={size}
        aria-label={`${sensor.enabled ? 'Disable' : 'Enable'} ${ref}`}
        isDisabled={act.isPending}
        onPress={() => act.mutate({ ref, action: sensor.enabled ? 'disable' : 'enable' })}
      >
        {sensor.enabled ? 'Disable' : 'Enable'}
      </Button>
      <Button
        size={size}
        aria-label={`Restart ${ref}`}
        isDisabled={act.isPending || !sensor.enabled}
        onPress={() => act.mutate({ ref, action: 'restart' })}
      >
        Restart
      </Button>
      {act.isError && <ErrorBanner error={act.error} title={`${ref} could not be changed`} />}
    </div>
  );
}
