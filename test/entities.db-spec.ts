/**
 * The database folder keeps no list of entities (issue 15): the application's connection gets the
 * entities its feature modules register with `TypeOrmModule.forFeature` (`autoLoadEntities`), while
 * the migration CLI, the command-line tools and bare DataSources in tests load the entity files by
 * name (`ENTITY_FILES`). Both must give the same set, or a tool (backup, purge, rotate-key, migration
 * generation) would see a different schema from the application's: an entity file no module
 * registers, or a registered entity in a file the pattern does not find, fails here.
 */
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, ENTITY_FILES } from '../src/platform/database/database.options';
import { createTestApp, TestApp } from './support/test-app';

jest.setTimeout(60_000);

function tablesOf(ds: DataSource): string[] {
  return ds.entityMetadatas.map((m) => `${m.tableName} (${m.name})`).sort();
}

describe('entities: the modules register exactly the entity files', () => {
  let t: TestApp;
  let files: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    files = new DataSource(buildDataSourceOptions({ type: 'sqlite', path: ':memory:' }));
    await files.initialize();
  });

  afterAll(async () => {
    if (files?.isInitialized) await files.destroy();
    await t?.close();
  });

  it('loads entities from the files that declare them, and only from there', () => {
    expect(buildDataSourceOptions({ type: 'sqlite', path: ':memory:' }).entities).toEqual([ENTITY_FILES]);
    expect(tablesOf(files).length).toBeGreaterThanOrEqual(55);
  });

  it('gives the application (forFeature + autoLoadEntities) the same entities as the files', () => {
    expect(tablesOf(t.dataSource)).toEqual(tablesOf(files));
  });

  it('gives the application the same classes as the ones the features import', () => {
    const byName = new Map(files.entityMetadatas.map((m) => [m.name, m.target]));
    const different = t.dataSource.entityMetadatas
      .filter((m) => byName.get(m.name) !== m.target)
      .map((m) => m.name);
    expect(t.dataSource.entityMetadatas.length).toBe(byName.size);
    expect(different).toEqual([]);
  });
});
