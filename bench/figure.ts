/** One benchmark figure: servicekit's value and its baseline's, measured in the same run. */
export interface Figure {
  lib: number;
  base: number;
  unit: string;
  note: string;
}
