import { describe, expect, it } from 'vitest';
import { selectedAdapterNames } from './adapters';

describe('DEALERCARE_ADAPTERS', () => {
  it('unset or empty: every adapter, memory first', () => {
    expect(selectedAdapterNames(undefined)).toEqual(['memory', 'sqlite', 'postgres']);
    expect(selectedAdapterNames(' ')).toEqual(['memory', 'sqlite', 'postgres']);
  });

  it('narrows to the names it lists, in the list order, spaces allowed', () => {
    expect(selectedAdapterNames('postgres, memory')).toEqual(['memory', 'postgres']);
    expect(selectedAdapterNames('sqlite')).toEqual(['sqlite']);
  });

  it('refuses a name it does not know, so a typo cannot run the suite on nothing', () => {
    expect(() => selectedAdapterNames('memory,postgress')).toThrow(
      'DEALERCARE_ADAPTERS names "postgress"; known: memory, sqlite, postgres',
    );
  });
});
