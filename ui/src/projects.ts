import { api } from "./api";

/** The id for a project name as typed: none for blank, else the project of that name (ignoring
 *  case), created if there is none. stint-core decides, from the database: the window's list may
 *  not have a project another process (the CLI, say) created a moment ago. */
export async function resolveProject(name: string): Promise<number | null> {
  const wanted = name.trim();
  if (!wanted) return null;
  return (await api.ensureProject(wanted)).id;
}
