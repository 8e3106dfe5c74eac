import { closeDb, migrateDb } from "./index";
import { EnvError } from "@/lib/env";

try {
  await migrateDb();
  console.log("Migrations applied.");
  await closeDb();
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
