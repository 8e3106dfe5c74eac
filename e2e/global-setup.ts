import fs from "node:fs";

/** Removes the run's embedded database once the run ends. */
export default function globalSetup() {
  const dataDir = process.env.E2E_DATA_DIR;
  return () => {
    if (dataDir && dataDir.includes(`${"/.data/"}e2e-`)) fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
