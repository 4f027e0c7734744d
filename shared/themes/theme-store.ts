/** The port through which the theme rules reach storage. */
import type { Page } from '../pagination';
import type { Theme } from './theme';

export interface ThemeStore {
  /** A union's theme for a month. */
  theme(organisationId: string, month: string): Promise<Theme | undefined>;
  /** The themes of several unions for one month, in one read (a member's union chain: at most seven). */
  themesOf(organisationIds: string[], month: string): Promise<Theme[]>;
  /** Puts the union's theme for its month, replacing any before (setting it is idempotent by nature). */
  save(theme: Theme): Promise<void>;
  /** A union's themes, newest month first. */
  themesOfUnion(organisationId: string, page: { limit: number; cursor?: string }): Promise<Page<Theme>>;
}
