import { useEffect, useState } from "react";
import { api, errorMessage } from "../api";
import type { SearchResults, Timeline } from "../bindings";

/** How many matches a search shows at most: enough to look through; more words narrow it. */
export const SEARCH_PAGE = 200;

/**
 * Search as one types, at every key (the core answers in milliseconds over 100,000 entries, so
 * there is no wait for typing to pause), over the whole history, with a project and a tag
 * filter. An answer that comes after a newer question was asked is dropped. `results` is null
 * while nothing is asked. Re-run when `timeline` changes, so a change shows in the results too.
 */
export function useSearch(timeline: Timeline | null, onError: (message: string) => void) {
  const [search, setSearch] = useState("");
  const [projectFilter, setProjectFilter] = useState("");
  const [tagFilter, setTagFilter] = useState("");
  const [results, setResults] = useState<SearchResults | null>(null);

  useEffect(() => {
    const text = search.trim();
    if (text === "" && projectFilter === "" && tagFilter === "") {
      setResults(null);
      return;
    }
    let current = true;
    api.search({ text, project: projectFilter || null, tag: tagFilter || null, from_ms: null, to_ms: null, limit: SEARCH_PAGE }).then(
      (found) => current && setResults(found),
      (err) => current && onError(errorMessage(err)),
    );
    return () => {
      current = false;
    };
  }, [search, projectFilter, tagFilter, timeline, onError]);

  return { search, setSearch, projectFilter, setProjectFilter, tagFilter, setTagFilter, results };
}
