/** Where the tests find PostgreSQL and Redis (the machine runs both; scripts/test.sh checks). */
export const TEST_DATABASE_URL =
  process.env.CODEV_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
export const TEST_REDIS_URL = process.env.CODEV_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
