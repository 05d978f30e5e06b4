/**
 * The Sensors view's writes: enable, disable and restart a pack sensor. The answer (the sensor
 * with its new live state) patches the detail at once; `sensor_changed` keeps the rest fresh.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Sensor } from '../../../../core/contract/sensors.ts';
import { invoke } from '../../common/api/invoke.ts';
import { sensorQueries } from '../../common/api/queries.ts';

export type SensorAction = 'enable' | 'disable' | 'restart';

export function useSensorAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ ref, action }: { ref: string; action: SensorAction }) =>
      invoke(`sensors.${action}`, { ref }),
    onSuccess: (s: Sensor) => {
      qc.setQueryData(sensorQueries.detail(s.ref).queryKey, s);
      return qc.invalidateQueries({ queryKey: sensorQueries.all() });
    },
  });
}
