export default function Claims() {
  return <div>Claims</div>;
}
