/** Prepares the test database once per run (filled in by the persistence layer). */
export default async function globalSetup(): Promise<void> {}
