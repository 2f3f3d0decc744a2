/** Module resolve hook (see register.ts): `<out>/src/**` → `<repository>/dist/**`. */
const compiledSrc = new URL("../src/", import.meta.url).href;
const projectDist = new URL("../../dist/", import.meta.url).href;

type NextResolve = (specifier: string, context: unknown) => Promise<{ url: string }>;

export async function resolve(specifier: string, context: unknown, nextResolve: NextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (!resolved.url.startsWith(compiledSrc)) return resolved;
  return { ...resolved, url: projectDist + resolved.url.slice(compiledSrc.length) };
}
