export default function Activities() {
  return <div>Activities</div>;
}
