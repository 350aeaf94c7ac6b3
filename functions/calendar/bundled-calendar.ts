import { holidayExtensions } from '@config/holidays';
import { officialCalendar, type WorkingDayCalendar } from '@shared/calendar';

let bundled: WorkingDayCalendar | undefined;
/** The calendar of the release alone (chinese-days, config/holidays), before the table's arrangements are read. */
export const bundledCalendar = (): WorkingDayCalendar => (bundled ??= officialCalendar(holidayExtensions));
