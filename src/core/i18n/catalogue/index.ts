/** Every area's catalogue. Each area owns its file; keys are prefixed by area ("read.", "compliance."...). */
import type { AreaCatalogue } from "../index";
import { charts } from "./charts";
import { common } from "./common";
import { compliance } from "./compliance";
import { excel } from "./excel";
import { excelRead } from "./excel-read";
import { functions } from "./functions";
import { market } from "./market";
import { pane } from "./pane";
import { read } from "./read";
import { reader } from "./reader";
import { share } from "./share";
import { summary } from "./summary";
import { trends } from "./trends";

export const catalogues: AreaCatalogue[] = [common, read, reader, compliance, excel, excelRead, pane, functions, charts, summary, share, trends, market];
