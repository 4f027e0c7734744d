export default function News() {
  return <div>News</div>;
}
