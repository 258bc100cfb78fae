import { api } from "./api";
import type { Project } from "./bindings";

/** The id for a project name as typed: none for blank, an existing project ignoring case, or a
 *  project created on the spot. */
export async function resolveProject(name: string, projects: Project[]): Promise<number | null> {
  const wanted = name.trim();
  if (!wanted) return null;
  const existing = projects.find((p) => p.name.toLowerCase() === wanted.toLowerCase());
  if (existing) return existing.id;
  return (await api.createProject(wanted)).id;
}
