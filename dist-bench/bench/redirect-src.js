/** Module resolve hook (see register.ts): `<out>/src/**` → `<repository>/dist/**`. */
const compiledSrc = new URL("../src/", import.meta.url).href;
const projectDist = new URL("../../dist/", import.meta.url).href;
export async function resolve(specifier, context, nextResolve) {
    const resolved = await nextResolve(specifier, context);
    if (!resolved.url.startsWith(compiledSrc))
        return resolved;
    return { ...resolved, url: projectDist + resolved.url.slice(compiledSrc.length) };
}
