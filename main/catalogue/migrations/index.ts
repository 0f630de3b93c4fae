import { sql as initial } from './001-initial';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration, in the order they apply. Add a numbered file and a line here; never edit one that shipped. */
export const migrations: Migration[] = [{ version: 1, name: 'initial', sql: initial }];
