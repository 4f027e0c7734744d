export default function Campaigns() {
  return <div>Campaigns</div>;
}
