// Child of the RSS benchmark: one CaptureService takes in a whole drop; prints its peak RSS.
import { join } from 'node:path';
import { CaptureService } from '../../main/core/capture/service';
import { EventBus } from '../../main/core/events';
import { openDatabase } from '../../main/core/store/db';
import { ProfileRepository } from '../../main/core/store/profiles';

const [dir, src] = process.argv.slice(2) as [string, string];
const db = openDatabase(join(dir, 'sceau.db'));
const profileId = new ProfileRepository(db).create({ name: 'Commune', archiveKind: 'demo' }).id;
const service = new CaptureService({ db, vaultDir: join(dir, 'vault'), bus: new EventBus() });
const t0 = performance.now();
const report = await service.intake(profileId, [src], 'drop');
const seconds = (performance.now() - t0) / 1000;
// maxRSS is in KiB.
process.stdout.write(`rss ${process.resourceUsage().maxRSS} created ${report.created} seconds ${seconds.toFixed(1)}\n`);
db.close();
process.exit(0);
