import { DataSource } from 'typeorm';

/**
 * Counts the SQL statements a piece of work sends, through the data source's logger (which sees every
 * statement any query runner sends, logging on or off). Installed once per app; `counted(work)` gives
 * the statements of that work only.
 */
export function statementCounter(dataSource: DataSource): {
  counted(work: () => Promise<unknown>): Promise<string[]>;
} {
  let queries: string[] | null = null;
  const logger = dataSource.logger;
  const original = logger.logQuery.bind(logger);
  logger.logQuery = (query: string, parameters?: unknown[], runner?: any) => {
    queries?.push(query);
    return original(query, parameters, runner);
  };
  return {
    async counted(work) {
      queries = [];
      try {
        await work();
        return queries;
      } finally {
        queries = null;
      }
    },
  };
}
