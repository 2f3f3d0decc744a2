/** Parses a multipart/form-data body into its parts (enough for Kibana's single-file import). */
export function parseMultipart(contentType, body) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? "");
    if (!contentType?.toLowerCase().startsWith("multipart/form-data") || !boundary)
        return undefined;
    const delimiter = `--${boundary[1] ?? boundary[2]}`;
    const text = body.toString("utf8");
    const parts = [];
    for (const chunk of text.split(delimiter).slice(1)) {
        if (chunk.startsWith("--"))
            break;
        const headerEnd = chunk.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return undefined;
        const headers = chunk.slice(0, headerEnd);
        const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers);
        if (!disposition)
            return undefined;
        const name = /\bname="([^"]*)"/.exec(disposition[1]);
        const filename = /\bfilename="([^"]*)"/.exec(disposition[1]);
        parts.push({
            name: name?.[1] ?? "",
            filename: filename?.[1],
            content: chunk.slice(headerEnd + 4).replace(/\r\n$/, ""),
        });
    }
    return parts;
}
