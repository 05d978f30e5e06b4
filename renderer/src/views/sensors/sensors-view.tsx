/**
 * Sensors (`#/sensors`, `#/sensors/<ref>`): every sensor with its live state, and one sensor
 * with its details and last log lines; pack sensors can be enabled, disabled and restarted.
 */
import { Link } from 'wouter';
import { PageHeader } from '../../common/ui/feedback.tsx';
import { SensorDetail } from './sensor-detail.tsx';
import { SensorList } from './sensor-list.tsx';
import '../../common/ui/records.css';
import './sensors.css';

export function SensorsView({ sensorRef }: { sensorRef?: string | undefined }) {
  if (sensorRef !== undefined) {
    const ref = decodeURIComponent(sensorRef);
    return (
      <div className="page sn-page">
        <PageHeader title={`Sensor ${ref}`} description={<Link href="/sensors">Back to all sensors</Link>} />
        <SensorDetail sensorRef={ref} />
      </div>
    );
  }
  return (
    <div className="page sn-page">
      <PageHeader
        title="Sensors"
        description="What watches for events: the built-in timer and webhook sensors, and the sensors of your packs, which run while a rule needs them."
      />
      <SensorList />
    </div>
  );
}
