// exceljs's workbook module on its own (xlsx through JSZip, and CSV), without the streaming reader and writer
// that its package entry also loads: the roster function bundles ~140 KB zipped instead of ~350 KB.
declare module 'exceljs/lib/doc/workbook' {
  import { Workbook } from 'exceljs';
  export = Workbook;
}
