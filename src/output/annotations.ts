/** GitHub Actions workflow commands (`::error file=F,line=L,col=C,title=T::message`), escaped as GitHub requires. */
export interface AnnotationPlace {
  file?: string;
  line?: number;
  col?: number;
  title?: string;
}

export function annotation(
  level: "error" | "warning" | "notice",
  place: AnnotationPlace,
  message: string,
): string {
  const properties = [
    place.file === undefined ? undefined : `file=${escapeProperty(place.file)}`,
    place.line === undefined ? undefined : `line=${place.line}`,
    place.col === undefined ? undefined : `col=${place.col}`,
    place.title === undefined ? undefined : `title=${escapeProperty(place.title)}`,
  ].filter((property) => property !== undefined);
  return `::${level}${properties.length > 0 ? ` ${properties.join(",")}` : ""}::${escapeData(message)}`;
}

function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
