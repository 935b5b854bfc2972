/** Every area's catalogue. Add an area here when you add its file. */
import type { AreaCatalogue } from "../index";
import { common } from "./common";

export const catalogues: AreaCatalogue[] = [common];
