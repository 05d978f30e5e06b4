/**
 * Start-up repair for pack sensors (docs/sensors.md, "Lifecycle"): the process groups a previous
 * run of the engine recorded in `sensor_processes` and never cleared (a crash, a forced quit)
 * are killed — each only if its leader's environment still names that sensor, so a pid the
 * system has since given to another program is left alone — and the records are cleared.
 */
import fs from 'node:fs';
import type { Logger } from '../../model/logger.ts';
import { signalGroup } from '../../runners/process-group.ts';
import { forgetSensorProcess, listSensorProcesses, type Store } from '../../store/index.ts';

/** On Linux a recorded pid is an orphan of ours only if its environment names the sensor. */
function isOurSensor(pid: number, ref: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`ATTUNE_SENSOR_REF=${ref}`);
  } catch {
    return false;
  }
}

/** Kills the recorded orphans and clears the records; returns how many groups were killed. */
export function stopSensorOrphans(store: Store, logger: Logger): number {
  let killed = 0;
  const rows = listSensorProcesses(store.read);
  for (const row of rows) {
    if (isOurSensor(row.pid, row.sensor_ref) && signalGroup(row.pid, 'SIGKILL')) killed += 1;
  }
  if (rows.length > 0) {
    store.transaction((w) => {
      for (const row of rows) forgetSensorProcess(w, row.sensor_ref, row.pid);
    });
    logger.info('sensor processes of the previous run cleaned up', { recorded: rows.length, killed });
  }
  return killed;
}
