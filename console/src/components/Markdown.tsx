/**
 * A Markdown preview of what members will read, with react-markdown and GitHub-flavoured Markdown
 * (tables, strikethrough, task lists, autolinks). Raw HTML in the source is not rendered (no
 * rehype-raw): react-markdown builds React elements, never innerHTML, and drops unsafe URLs.
 */
import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';

export function Markdown({ source }: { source: string }) {
  return (
    <div data-testid="markdown-preview" className="markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={{ a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noreferrer" /> }}>
        {source}
      </ReactMarkdown>
    </div>
  );
}
