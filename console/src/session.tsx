/**
 * Who is signed in (GET /me) and which part of the tree she acts on: an admin her granted unions'
 * subtrees, the operator the whole tree. Pages read the selected union from here.
 */
import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { api, must } from './api/client';
import type { paths } from './api/schema';
import { config } from './config';

export type Me = paths['/me']['get']['responses'][200]['content']['application/json'];
export type Organisation = paths['/organisations/{orgId}']['get']['responses'][200]['content']['application/json'];

interface Session {
  me: Me;
  isOperator: boolean;
  isAdmin: boolean;
  /** The unions whose subtrees she may act on. */
  roots: string[];
  orgId: string;
  setOrgId(id: string): void;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: () => must(api().GET('/me')), staleTime: 60_000 });
}

export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  const isOperator = me.roles.includes('operator');
  const roots = isOperator
    ? [config().operatorRootId]
    : me.grants.flatMap((g) => (g.role === 'admin' && g.organisationId ? [g.organisationId] : []));
  const [orgId, setOrgId] = useState(roots[0] ?? '');
  return (
    <SessionContext.Provider value={{ me, isOperator, isAdmin: isOperator || roots.length > 0, roots, orgId, setOrgId }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('no session');
  return session;
}

export function useOrganisation(id: string | undefined) {
  return useQuery({
    queryKey: ['organisation', id],
    queryFn: () => must(api().GET('/organisations/{orgId}', { params: { path: { orgId: id! } } })),
    enabled: !!id,
    staleTime: 60_000,
  });
}
