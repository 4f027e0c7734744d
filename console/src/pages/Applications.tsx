export default function Applications() {
  return <div>Applications</div>;
}
