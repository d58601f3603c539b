// One fleet scenario in its own thread: the two mornings (both sites, one site down) run
// side by side on the two cores. Posts the figures back.
import { parentPort, workerData } from 'node:worker_threads';
import { fleetFigures } from './metrics';
import { simulateFleet, type FleetOptions } from './simulate';

const options = workerData as FleetOptions;
parentPort?.postMessage(fleetFigures(await simulateFleet(options)));
