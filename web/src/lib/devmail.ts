import { useEffect, useState } from 'react';
import { api } from '../api/endpoints.ts';

let probe: Promise<boolean> | null = null;

/** Whether the development mail viewer is available (its list answers); asked once per page load. */
export function useDevMailAvailable(): boolean {
  const [ok, setOk] = useState(false);
  useEffect(() => {
    probe ??= api.devMail().then(
      () => true,
      () => false,
    );
    let live = true;
    void probe.then((v) => live && setOk(v));
    return () => {
      live = false;
    };
  }, []);
  return ok;
}
