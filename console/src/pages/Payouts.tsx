export default function Payouts() {
  return <div>Payouts</div>;
}
