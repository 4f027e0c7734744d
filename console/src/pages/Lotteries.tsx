export default function Lotteries() {
  return <div>Lotteries</div>;
}
